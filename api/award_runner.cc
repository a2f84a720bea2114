#include "api/award_runner.h"

#include <utility>

namespace pramaan::api {

AwardRunner::~AwardRunner() {
  stopping_ = true;
  Wait();
}

void AwardRunner::Wait() {
  if (thread_.joinable()) thread_.join();
}

Status AwardRunner::Start(awarding::Workflow& workflow, awarding::IssueFunction issue,
                          awarding::Actor by, std::string batch_id) {
  std::lock_guard lock(mutex_);
  if (!running_.empty()) {
    return Conflict("batch " + running_ + " is being awarded on this server: wait until it is "
                    "done, then award batch " + batch_id);
  }
  if (thread_.joinable()) thread_.join();  // the last award, already finished
  running_ = batch_id;
  failures_.erase(batch_id);
  thread_ = std::thread([this, &workflow, issue = std::move(issue), by = std::move(by),
                         id = std::move(batch_id)] {
    const awarding::IssueFunction stoppable = [&](const Json& record) -> Result<std::string> {
      if (stopping_) return Internal("the server stopped during the award; award the batch again");
      return issue(record);
    };
    auto report = workflow.Award(by, id, stoppable);
    std::lock_guard done(mutex_);
    if (!report.ok()) failures_[id] = report.error().message();
    running_.clear();
  });
  return Status::Ok();
}

bool AwardRunner::Running(std::string_view batch_id) const {
  std::lock_guard lock(mutex_);
  return !running_.empty() && running_ == batch_id;
}

std::string AwardRunner::Failure(std::string_view batch_id) const {
  std::lock_guard lock(mutex_);
  const auto it = failures_.find(batch_id);
  return it == failures_.end() ? std::string() : it->second;
}

}  // namespace pramaan::api
