# Ballots are deliberately not registered: no admin screen shows how anyone voted.
