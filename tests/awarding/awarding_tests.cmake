# The awarding body's catalogue and results: one test program per unit of awarding/.

pramaan_test(awarding_catalogue_test awarding/catalogue_test.cc pramaan_awarding)
# (and api/award_runner, which runs awards in the background for the console)
pramaan_test(awarding_workflow_test awarding/workflow_test.cc pramaan_awarding pramaan_api)
