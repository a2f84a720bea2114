// Awards in the background for the awarding console (issue 21): an administrator starts the
// award of an approved batch and watches its progress while the credentials are issued. The
// progress itself is in the registry (each result's credential id is stored as it is issued,
// awarding::Workflow::Award), so every issuer server sharing the registry shows it; this runner
// only says whether an award is running here and how the last one ended.
#ifndef PRAMAAN_API_AWARD_RUNNER_H_
#define PRAMAAN_API_AWARD_RUNNER_H_

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "awarding/workflow.h"
#include "core/result.h"

namespace pramaan::api {

class AwardRunner {
 public:
  AwardRunner() = default;
  AwardRunner(const AwardRunner&) = delete;
  AwardRunner& operator=(const AwardRunner&) = delete;
  // Asks a running award to stop after the result it is issuing (the batch stays approved with
  // what was issued so far; awarding it again goes on from there) and waits for it.
  ~AwardRunner();

  // Starts workflow.Award(by, batch_id, issue) on a thread of its own. One award runs at a
  // time on a server: kConflict while another runs. `workflow` (and what `issue` uses) must
  // outlive the runner: the server declares the runner after them.
  Status Start(awarding::Workflow& workflow, awarding::IssueFunction issue, awarding::Actor by,
               std::string batch_id);
  // Whether batch `batch_id`'s award is running on this server.
  bool Running(std::string_view batch_id) const;
  // Why the last award of `batch_id` on this server failed; "" when it did not (or none ran).
  std::string Failure(std::string_view batch_id) const;
  // Asks a running award to stop after the result it is issuing, without waiting.
  void RequestStop() { stopping_ = true; }
  // Waits for the running award, if any, to end. Not to be called while Start may run.
  void Wait();

 private:
  mutable std::mutex mutex_;
  std::string running_;  // the batch being awarded, "" when none
  std::map<std::string, std::string, std::less<>> failures_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_AWARD_RUNNER_H_
