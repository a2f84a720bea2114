# Certificate renderer (issue 4). The renderer test runs poppler-utils and zbar-tools when they
# are installed and skips those checks (GTEST_SKIP, with the reason) when they are not.
pramaan_test(renderer_test certificate/renderer_test.cc pramaan_certificate)
pramaan_test(render_display_date_test certificate/display_date_test.cc pramaan_core)
