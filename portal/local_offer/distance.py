"""How far a service is from a child's school: places as latitude and longitude (WGS 84, as
Open Referral UK feeds and maps give them), and the distance between two of them.

Nothing here asks an outside service where a place is: the school types its coordinates
(or a postcode its own directory already knows), and feeds bring theirs.
"""

import math
import re

EARTH_RADIUS_KM = 6371.0088
# Great Britain and Northern Ireland, generously: a school's coordinates outside this box
# are almost always latitude and longitude swapped, or a typing slip.
UK_BOUNDS = (49.8, 61.0, -8.7, 1.9)

_NUMBER = r"[-+]?\d{1,3}(?:\.\d+)?"
_PAIR = re.compile(rf"^\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*$")


class NotAPlace(ValueError):
    """Text that is not a latitude and longitude in the United Kingdom."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "shape", "range" or "outside"


def parse(text: str) -> tuple[float, float]:
    """ "52.9231, -1.2274" (as a map gives it) as (latitude, longitude), or NotAPlace."""
    match = _PAIR.match((text or "").replace("\u2212", "-").replace("°", ""))
    if not match:
        raise NotAPlace("shape")
    latitude, longitude = (float(part) for part in match.groups())
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise NotAPlace("range")
    south, north, west, east = UK_BOUNDS
    if not (south <= latitude <= north and west <= longitude <= east):
        raise NotAPlace("outside")
    return round(latitude, 6), round(longitude, 6)


def valid(latitude: object, longitude: object) -> tuple[float, float] | None:
    """A feed's latitude and longitude, if they are numbers that can be a place on Earth."""
    try:
        lat, lon = float(latitude), float(longitude)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if isinstance(latitude, bool) or isinstance(longitude, bool):
        return None
    if math.isnan(lat) or math.isnan(lon) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if lat == 0 and lon == 0:  # "no location" in many feeds
        return None
    return lat, lon


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance over the Earth's surface (haversine), in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def nearest_km(origin: tuple[float, float], places) -> float | None:
    """The distance to the nearest of several places (those with coordinates)."""
    distances = [
        km_between(origin, (p.latitude, p.longitude))
        for p in places
        if p.latitude is not None and p.longitude is not None
    ]
    return min(distances) if distances else None


def text(place: tuple[float, float] | None) -> str:
    """A place as the school's settings page shows it: "52.9231, -1.2274"."""
    if place is None:
        return ""
    return (
        f"{place[0]:.6f}".rstrip("0").rstrip(".")
        + ", "
        + (f"{place[1]:.6f}".rstrip("0").rstrip("."))
    )
