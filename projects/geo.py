"""District boundaries as GeoJSON: reading the ECharts-encoded files, checking an uploaded file,
and finding points inside a district. Pure functions, no Django."""

import hashlib
import json
import re
from dataclasses import dataclass

# Longitude and latitude a project in China may have (the country's extent, rounded outwards).
LONGITUDE = (73.0, 136.0)
LATITUDE = (3.0, 54.0)
MAX_FEATURES = 500
MAX_POINTS = 200_000

POLYGONS = ("Polygon", "MultiPolygon")


class BoundaryError(ValueError):
    """The file is not a boundary the map can draw; the message says why, in the user's words."""


def _decode_ring(text: str, offset: list, scale: float) -> list[list[float]]:
    """One ring of ECharts' compact encoding: zigzag-encoded deltas, two characters a point."""
    x, y = offset
    ring = []
    for i in range(0, len(text) - 1, 2):
        dx, dy = ord(text[i]) - 64, ord(text[i + 1]) - 64
        x += (dx >> 1) ^ (-(dx & 1))
        y += (dy >> 1) ^ (-(dy & 1))
        ring.append([round(x / scale, 6), round(y / scale, 6)])
    return ring


def decode(collection: dict) -> dict:
    """Plain GeoJSON from ECharts' "UTF8Encoding" form (as the npm map packages ship it)."""
    if not collection.get("UTF8Encoding"):
        return collection
    scale = collection.get("UTF8Scale") or 1024
    features = []
    for feature in collection.get("features", []):
        geometry = dict(feature["geometry"])
        offsets, coordinates = geometry.pop("encodeOffsets", None), geometry["coordinates"]
        if offsets is not None:
            if geometry["type"] == "Polygon":
                coordinates = [_decode_ring(r, o, scale) for r, o in zip(coordinates, offsets, strict=False)]
            elif geometry["type"] == "MultiPolygon":
                coordinates = [
                    [_decode_ring(r, o, scale) for r, o in zip(rings, ro, strict=False)]
                    for rings, ro in zip(coordinates, offsets, strict=False)
                ]
        geometry["coordinates"] = coordinates
        features.append({"type": "Feature", "properties": feature.get("properties", {}), "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def read_echarts_script(text: str) -> dict:
    """The GeoJSON inside a map script `echarts.registerMap('焦作', {...})`."""
    found = re.search(r"registerMap\(\s*['\"][^'\"]*['\"]\s*,\s*", text)
    if not found:
        raise BoundaryError("不是 ECharts 地图脚本")
    collection, _end = json.JSONDecoder().raw_decode(text, found.end())
    return decode(collection)


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def validate(data: bytes) -> dict:
    """A FeatureCollection of named (Multi)Polygons within China's extent, as plain GeoJSON.

    Raises BoundaryError with the first problem found, naming the feature."""
    try:
        collection = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryError(f"不是有效的 GeoJSON 文件：{exc}") from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise BoundaryError("GeoJSON 的顶层应为 FeatureCollection")
    try:
        collection = decode(collection)
    except (KeyError, TypeError, ValueError) as exc:
        raise BoundaryError(f"压缩编码的坐标无法解码：{exc}") from exc
    features = collection.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryError("文件中没有区域（features 为空）")
    if len(features) > MAX_FEATURES:
        raise BoundaryError(f"区域过多：{len(features)} 个，最多 {MAX_FEATURES} 个")
    points, clean = 0, []
    for n, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        name = str((props or {}).get("name") or "").strip()
        label = f"第{n}个区域" + (f"（{name}）" if name else "")
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not name:
            raise BoundaryError(f"{label}没有名称（properties.name）")
        if not isinstance(geometry, dict) or geometry.get("type") not in POLYGONS:
            raise BoundaryError(f"{label}的几何类型应为 Polygon 或 MultiPolygon")
        try:
            for polygon in _polygons(geometry):
                for ring in polygon:
                    if len(ring) < 4:
                        raise BoundaryError(f"{label}有少于 4 个点的边界环")
                    for lon, lat, *_rest in ring:
                        if not (LONGITUDE[0] <= lon <= LONGITUDE[1] and LATITUDE[0] <= lat <= LATITUDE[1]):
                            raise BoundaryError(f"{label}有坐标 ({lon}, {lat}) 不在我国经纬度范围内")
                        points += 1
        except (TypeError, ValueError) as exc:
            if isinstance(exc, BoundaryError):
                raise
            raise BoundaryError(f"{label}的坐标格式不正确") from exc
        if points > MAX_POINTS:
            raise BoundaryError(f"坐标点过多：超过 {MAX_POINTS} 个")
        clean.append({"type": "Feature", "properties": {"name": name}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": clean}


def names(collection: dict) -> list[str]:
    return [f["properties"]["name"] for f in collection["features"]]


def feature(collection: dict, name: str) -> dict | None:
    return next((f for f in collection["features"] if f["properties"].get("name") == name), None)


def _in_ring(lon: float, lat: float, ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geometry: dict, lon: float, lat: float) -> bool:
    """Is the point inside the (Multi)Polygon (inside its outer ring, outside its holes)?"""
    for polygon in _polygons(geometry):
        if polygon and _in_ring(lon, lat, polygon[0]) and not any(_in_ring(lon, lat, h) for h in polygon[1:]):
            return True
    return False


def contains_any(collection: dict, lon: float, lat: float) -> bool:
    return any(contains(f["geometry"], lon, lat) for f in collection["features"])


@dataclass(frozen=True)
class Box:
    west: float
    south: float
    east: float
    north: float


def bounds(geometry: dict) -> Box:
    xs = [p[0] for polygon in _polygons(geometry) for p in polygon[0]]
    ys = [p[1] for polygon in _polygons(geometry) for p in polygon[0]]
    return Box(min(xs), min(ys), max(xs), max(ys))


def point_inside(geometry: dict, seed: str, tries: int = 500) -> tuple[float, float]:
    """A point inside the district, always the same for the same seed: candidates spread over the
    bounding box (from a hash of the seed), the first that falls inside; kept away from the edge
    by requiring its four near neighbours inside too."""
    box = bounds(geometry)
    margin = min(box.east - box.west, box.north - box.south) * 0.03
    for n in range(tries):
        digest = hashlib.sha256(f"{seed}:{n}".encode()).digest()
        fx, fy = int.from_bytes(digest[:8]) / 2**64, int.from_bytes(digest[8:16]) / 2**64
        lon = box.west + (box.east - box.west) * fx
        lat = box.south + (box.north - box.south) * fy
        around = [(lon, lat), (lon + margin, lat), (lon - margin, lat), (lon, lat + margin), (lon, lat - margin)]
        if all(contains(geometry, x, y) for x, y in around):
            return round(lon, 6), round(lat, 6)
    raise BoundaryError(f"未能在区域内找到点：{seed}")
