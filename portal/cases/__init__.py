"""EHC needs assessment cases: statutory time limits and the `portal cases` console commands."""
