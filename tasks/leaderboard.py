"""`lib1ref leaderboard`: not implemented yet (issue 5)."""
