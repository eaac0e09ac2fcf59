"""The foundation: what every published resource shares, whatever it is about.

API conventions, the CSV writer, filters and widgets, listing helpers, the loader's machinery,
text helpers and the publishable model. It imports neither app (landmarks, indicators) nor
portal: the apps build on it, and portal, the top layer, wires them together
(docs/architecture.md).
"""
