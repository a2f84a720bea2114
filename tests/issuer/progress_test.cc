// The batch progress reporter, on a fake clock with its output captured.
#include "issuer/progress.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pramaan {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using TimePoint = ProgressReporter::TimePoint;

// A reporter whose clock the test moves and whose every write the test keeps.
class ProgressTest : public ::testing::Test {
 protected:
  std::unique_ptr<ProgressReporter> Make(std::optional<std::int64_t> total, bool terminal) {
    ProgressReporter::Options options;
    options.total = total;
    options.terminal = terminal;
    options.redraw_thread = false;
    options.write = [this](std::string_view text) { writes_.emplace_back(text); };
    options.now = [this] { return now_; };
    return std::make_unique<ProgressReporter>(std::move(options));
  }

  void Advance(std::chrono::nanoseconds by) { now_ += by; }

  static void CountIssued(ProgressReporter& reporter, int count) {
    for (int i = 0; i < count; ++i) reporter.CountIssued();
  }

  std::string All() const {
    std::string all;
    for (const std::string& text : writes_) all += text;
    return all;
  }

  TimePoint now_ = TimePoint{} + seconds(1000);
  std::vector<std::string> writes_;
};

TEST(FormatDuration, ReadsNaturally) {
  const struct {
    double seconds;
    const char* text;
  } cases[] = {
      {0, "0.0s"},      {-5, "0.0s"},    {4.24, "4.2s"},    {9.96, "10s"},
      {45, "45s"},      {59.4, "59s"},   {59.6, "1m00s"},   {200, "3m20s"},
      {3599, "59m59s"}, {3900, "1h05m"}, {90000, "25h00m"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FormatDuration(std::chrono::duration<double>(c.seconds)), c.text) << c.seconds;
  }
}

TEST_F(ProgressTest, LineShowsCountPercentRateAndEta) {
  auto reporter = Make(21000, true);
  CountIssued(*reporter, 1000);
  Advance(seconds(10));
  reporter->MaybeRedraw();
  ASSERT_EQ(writes_.size(), 1u);
  EXPECT_EQ(writes_[0], "\r1000/21000 records (4%), 100.0 records/s, ETA 3m20s\x1b[K");
}

TEST_F(ProgressTest, LineShowsRejectedAndCountsEveryOutcomeAsDone) {
  auto reporter = Make(100, true);
  CountIssued(*reporter, 40);
  reporter->CountSkipped();
  for (int i = 0; i < 9; ++i) reporter->CountRejected();
  Advance(seconds(5));
  reporter->MaybeRedraw();
  ASSERT_EQ(writes_.size(), 1u);
  EXPECT_EQ(writes_[0], "\r50/100 records (50%), 9 rejected, 10.0 records/s, ETA 5.0s\x1b[K");
}

TEST_F(ProgressTest, UnknownTotalHasNoPercentOrEta) {
  auto reporter = Make(std::nullopt, true);
  CountIssued(*reporter, 500);
  Advance(seconds(10));
  reporter->MaybeRedraw();
  ASSERT_EQ(writes_.size(), 1u);
  EXPECT_EQ(writes_[0], "\r500 records, 50.0 records/s\x1b[K");
}

TEST_F(ProgressTest, NoEtaBeforeAnyRecordIsDone) {
  auto reporter = Make(10, true);
  Advance(seconds(1));
  reporter->MaybeRedraw();
  ASSERT_EQ(writes_.size(), 1u);
  EXPECT_EQ(writes_[0], "\r0/10 records (0%), 0.0 records/s\x1b[K");
}

TEST_F(ProgressTest, RedrawsAtMostOncePerInterval) {
  auto reporter = Make(1000, true);
  reporter->MaybeRedraw();  // the first draw is at once
  for (int step = 0; step < 9; ++step) {
    Advance(milliseconds(11));  // 99 ms in all
    reporter->MaybeRedraw();
  }
  EXPECT_EQ(writes_.size(), 1u);
  Advance(milliseconds(1));  // now exactly kRedrawInterval since the first draw
  reporter->MaybeRedraw();
  EXPECT_EQ(writes_.size(), 2u);
  reporter->MaybeRedraw();
  EXPECT_EQ(writes_.size(), 2u);
}

TEST_F(ProgressTest, RateIsSmoothedOverTime) {
  auto reporter = Make(100000, true);
  for (int step = 0; step < 50; ++step) {  // 100 records/s for 5 s, drawn every 100 ms
    CountIssued(*reporter, 10);
    Advance(milliseconds(100));
    reporter->MaybeRedraw();
  }
  EXPECT_NEAR(reporter->smoothed_rate(), 100.0, 1e-9);
  Advance(seconds(1));  // a stall: nothing done for a second
  reporter->MaybeRedraw();
  // One sample of 0 records/s over 1 s, weighted 1 - e^(-1/5).
  EXPECT_NEAR(reporter->smoothed_rate(), 100.0 * std::exp(-1.0 / 5.0), 1e-9);
  EXPECT_NE(writes_.back().find("81.9 records/s"), std::string::npos) << writes_.back();
}

TEST_F(ProgressTest, NonTerminalIsSilentUntilTheSummary) {
  auto reporter = Make(5000, false);
  for (int step = 0; step < 20; ++step) {
    CountIssued(*reporter, 100);
    Advance(seconds(1));
    reporter->MaybeRedraw();
  }
  EXPECT_TRUE(writes_.empty());
  reporter->Finish();
  EXPECT_EQ(All(),
            "Issued:   2000\n"
            "Skipped:  0 (already issued)\n"
            "Rejected: 0\n"
            "Elapsed:  20s (100.0 records/s)\n");
}

TEST_F(ProgressTest, SummaryNamesTheRejectsFile) {
  auto reporter = Make(5000, false);
  CountIssued(*reporter, 4980);
  for (int i = 0; i < 10; ++i) reporter->CountSkipped();
  for (int i = 0; i < 10; ++i) reporter->CountRejected();
  Advance(seconds(100));
  reporter->Finish("out/rejects.jsonl");
  EXPECT_EQ(All(),
            "Issued:   4980\n"
            "Skipped:  10 (already issued)\n"
            "Rejected: 10 (see out/rejects.jsonl)\n"
            "Elapsed:  1m40s (50.0 records/s)\n");
}

TEST_F(ProgressTest, FinishOnTerminalClearsTheLineThenSummarizesOnce) {
  auto reporter = Make(10, true);
  CountIssued(*reporter, 10);
  Advance(seconds(2));
  reporter->MaybeRedraw();
  reporter->Finish();
  ASSERT_EQ(writes_.size(), 3u);
  EXPECT_EQ(writes_[1], "\r\x1b[K");
  EXPECT_EQ(writes_[2].rfind("Issued:   10\n", 0), 0u) << writes_[2];
  Advance(seconds(1));
  reporter->MaybeRedraw();
  reporter->Finish();
  EXPECT_EQ(writes_.size(), 3u) << "nothing is drawn or summarized after Finish";
}

TEST_F(ProgressTest, SummaryWithNoTimeElapsedHasNoRate) {
  auto reporter = Make(std::nullopt, false);
  reporter->Finish();
  EXPECT_EQ(All(), "Issued:   0\nSkipped:  0 (already issued)\nRejected: 0\nElapsed:  0.0s\n");
}

TEST(ProgressReporter, CountsFromManyThreadsWhileTheRedrawThreadDraws) {
  std::mutex output_mutex;
  std::string output;
  ProgressReporter::Options options;
  options.total = 8 * 30000;
  options.terminal = true;
  options.write = [&](std::string_view text) {
    const std::lock_guard<std::mutex> lock(output_mutex);
    output.append(text);
  };
  ProgressReporter reporter(std::move(options));
  std::vector<std::thread> workers;
  for (int worker = 0; worker < 8; ++worker) {
    workers.emplace_back([&reporter] {
      for (int i = 0; i < 10000; ++i) {
        reporter.CountIssued();
        reporter.CountSkipped();
        reporter.CountRejected();
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  // The redraw thread draws on its own, without any worker asking.
  const auto deadline = std::chrono::steady_clock::now() + seconds(5);
  for (;;) {
    {
      const std::lock_guard<std::mutex> lock(output_mutex);
      if (output.find("240000/240000 records (100%)") != std::string::npos) break;
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the redraw thread never drew";
    std::this_thread::sleep_for(milliseconds(10));
  }
  const ProgressCounts counts = reporter.counts();
  EXPECT_EQ(counts.issued, 80000);
  EXPECT_EQ(counts.skipped, 80000);
  EXPECT_EQ(counts.rejected, 80000);
  reporter.Finish();
  EXPECT_NE(output.find("Rejected: 80000\n"), std::string::npos);
}

}  // namespace
}  // namespace pramaan
