"""percentile_cont for SQLite, which development uses: PostgreSQL has it built in."""


class PercentileCont:
    """percentile_cont(value, fraction): linear interpolation between the nearest ranks."""

    def __init__(self):
        self.values, self.fraction = [], 0.5

    def step(self, value, fraction):
        if value is not None:
            self.values.append(float(value))
        self.fraction = fraction

    def finalize(self):
        if not self.values:
            return None
        values = sorted(self.values)
        position = self.fraction * (len(values) - 1)
        below = int(position)
        above = min(below + 1, len(values) - 1)
        return values[below] + (values[above] - values[below]) * (position - below)


def add_percentile(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("percentile_cont", 2, PercentileCont)
