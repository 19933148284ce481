"""`lib1ref welcome`: not implemented yet (issue 6)."""
