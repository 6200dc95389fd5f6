"""The Ladder explorer page: page script, figures and the ladder graph."""
