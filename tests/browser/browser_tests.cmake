# The public verification page in a real browser: headless Chromium from Debian driven by
# Playwright (playwright-core from the npm registry), at phone and desktop sizes. Screenshots
# are kept in test-artifacts/browser. The first run may apt-get install chromium, hence the
# long timeout; later runs take seconds.
add_test(NAME verification_page_browser_test
         COMMAND bash ${PRAMAAN_ROOT}/tests/browser/verification_page_test.sh
                 $<TARGET_FILE:pramaan> ${CMAKE_BINARY_DIR}/test-artifacts/browser)
set_tests_properties(verification_page_browser_test PROPERTIES TIMEOUT 600)
