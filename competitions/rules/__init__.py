"""Pure competition rules: mark arithmetic, standardisation, ranking, awards.

No database here: each rule takes plain values and returns plain values, so it can
be checked against hand-computed examples and swapped per competition.
"""
