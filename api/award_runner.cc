#include "api/award_runner.h"

#include <exception>
#include <system_error>
#include <utility>

namespace pramaan::api {

AwardRunner::~AwardRunner() {
  RequestStop();
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
  failures_.erase(batch_id);
  try {
    thread_ = std::thread([this, &workflow, issue = std::move(issue), by = std::move(by),
                           id = batch_id] {
      std::string failure;
      try {
        const awarding::IssueFunction stoppable = [&](const Json& record) -> Result<std::string> {
          if (stopping_) {
            return Internal("the server stopped during the award; award the batch again");
          }
          return issue(record);
        };
        auto report = workflow.Award(by, id, stoppable);
        if (!report.ok()) failure = report.error().message();
      } catch (const std::exception& error) {  // a bug: say so on the page, keep the server
        failure = std::string("the award failed: ") + error.what();
      }
      std::lock_guard done(mutex_);
      if (!failure.empty()) failures_[id] = failure;
      running_.clear();
    });
  } catch (const std::system_error& error) {
    return Internal(std::string("no thread for the award: ") + error.what());
  }
  running_ = std::move(batch_id);
  return Status::Ok();
}

bool AwardRunner::Running(std::string_view batch_id) const {
  std::lock_guard lock(mutex_);
  return running_ == batch_id;
}

std::string AwardRunner::Failure(std::string_view batch_id) const {
  std::lock_guard lock(mutex_);
  const auto it = failures_.find(batch_id);
  return it == failures_.end() ? std::string() : it->second;
}

}  // namespace pramaan::api
