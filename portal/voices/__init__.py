"""What families and pupils say, and how the school hears it.

Meetings and the views asked for before them, parents' concerns with their replies, the
question sets of the views forms, and the inbox and timeline sources for all of them.
The pages live in the feature packages (families, pupils, senco, staff); the writes and
the queries they share live here.
"""
