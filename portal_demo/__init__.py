"""Fictional demo data for `make run` and the tests: never product code (the portal never imports it, except
the console, which offers `portal seed-demo`, `portal load-directory` and `portal setup --demo`)."""
