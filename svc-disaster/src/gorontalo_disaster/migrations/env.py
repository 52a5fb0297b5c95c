from servicekit.migrations_env import run

from gorontalo_disaster.adapters.tables import metadata

run(metadata)
