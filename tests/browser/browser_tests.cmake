# The public verification page in a real browser: headless Chromium from Debian driven by
# Playwright (playwright-core from the npm registry), at phone and desktop sizes. Screenshots
# are kept in test-artifacts/browser. The first run may apt-get install chromium, hence the
# long timeout; later runs take seconds.
# Only in the build without sanitizers: what it checks is the pages a person sees and their
# load time, not memory safety (the server's code under it runs in the sanitized
# api_server_test, handler and fuzz replay tests), and under ASan it doubles the suite's
# longest test and makes its timing bounds meaningless.
if(NOT PRAMAAN_SANITIZE)
  add_test(NAME verification_page_browser_test
           COMMAND bash ${PRAMAAN_ROOT}/tests/browser/verification_page_test.sh
                   $<TARGET_FILE:pramaan> ${CMAKE_BINARY_DIR}/test-artifacts/browser)
  # The browser tests take turns (RESOURCE_LOCK): two Chromiums at once on two cores would
  # make the page-load bounds measure each other.
  set_tests_properties(verification_page_browser_test PROPERTIES TIMEOUT 600
                       RESOURCE_LOCK browser)
endif()

# The awarding console (issue 21): the whole maker-checker flow through the browser.
if(NOT PRAMAAN_SANITIZE)
  add_test(NAME console_browser_test
           COMMAND bash ${PRAMAAN_ROOT}/tests/browser/console_test.sh
                   $<TARGET_FILE:pramaan> ${CMAKE_BINARY_DIR}/test-artifacts/browser/console)
  set_tests_properties(console_browser_test PROPERTIES TIMEOUT 600 RESOURCE_LOCK browser)
endif()
