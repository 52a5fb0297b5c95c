"""Finding places: words in either language, near a point, and places that are probably the same."""

from __future__ import annotations

from servicekit import regions

from .model import Destination
from .rules import fold, words

DEFAULT_RADIUS_KM = 10.0
MAX_RADIUS_KM = 100.0
# Two records with the same name this close are taken for one place (the seed's coordinates are
# approximate to a few hundred metres).
DUPLICATE_DISTANCE_KM = 1.0
# Words that say what a place is rather than which place it is: "Pantai Olele" and "Olele" match.
_GENERIC = {"pantai", "pulau", "danau", "air", "terjun", "taman", "laut", "benteng", "desa", "wisata", "the"}


def matches(destination: Destination, query: str) -> bool:
    """Every word of the query is found in the name or a description (Indonesian or English)."""
    wanted = words(query)
    if not wanted:
        return True
    haystack = " ".join(
        [destination.name, destination.description.get("id", ""), destination.description.get("en", "")]
    )
    found = set(words(haystack))
    folded = fold(haystack)
    return all(word in found or (len(word) >= 4 and word in folded) for word in wanted)


def distance_km(destination: Destination, latitude: float, longitude: float) -> float:
    return regions.distance_km(latitude, longitude, destination.latitude, destination.longitude)


def _name_key(name: str) -> set[str]:
    return {w for w in words(name) if w not in _GENERIC} or set(words(name))


def same_place(name: str, latitude: float, longitude: float, other: Destination) -> bool:
    """The name's distinctive words are the same (or one holds the other's) and it lies within 1 km."""
    mine, theirs = _name_key(name), _name_key(other.name)
    if not mine or not theirs or not (mine <= theirs or theirs <= mine):
        return False
    return regions.distance_km(latitude, longitude, other.latitude, other.longitude) <= DUPLICATE_DISTANCE_KM
