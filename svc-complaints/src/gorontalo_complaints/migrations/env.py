from servicekit.migrations_env import run

from gorontalo_complaints.adapters.tables import metadata

run(metadata)
