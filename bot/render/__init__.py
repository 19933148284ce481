"""Pure rendering of the leaderboard page and the organizer report: values in, wikitext out.

No wiki, no database, no clock: the caller passes `now` and the rows it read from the store.
Everything a user controls goes through `escape`; every word comes from `bot/data/messages`.
"""
