from servicekit.migrations_env import run

from gorontalo_tourism.adapters.tables import metadata

run(metadata)
