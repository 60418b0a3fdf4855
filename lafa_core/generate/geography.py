"""Mexico City geography for the synthetic company: alcaldías and depot sites.

Coordinates are approximate centroids, all inside the strategy's CDMX bounding
box (lat 19.18–19.59, lon -99.33 – -98.94).
"""
from __future__ import annotations

# (alcaldía, lat, lon, weight as a home zone for drivers)
ZONES: list[tuple[str, float, float, float]] = [
    ("Iztapalapa", 19.355, -99.060, 0.20),
    ("Gustavo A. Madero", 19.482, -99.110, 0.13),
    ("Álvaro Obregón", 19.358, -99.203, 0.08),
    ("Tlalpan", 19.290, -99.170, 0.07),
    ("Coyoacán", 19.330, -99.160, 0.07),
    ("Cuauhtémoc", 19.433, -99.150, 0.06),
    ("Venustiano Carranza", 19.430, -99.100, 0.05),
    ("Azcapotzalco", 19.485, -99.185, 0.05),
    ("Iztacalco", 19.395, -99.097, 0.05),
    ("Xochimilco", 19.262, -99.105, 0.05),
    ("Benito Juárez", 19.372, -99.158, 0.04),
    ("Miguel Hidalgo", 19.430, -99.200, 0.04),
    ("Tláhuac", 19.286, -99.010, 0.04),
    ("Magdalena Contreras", 19.320, -99.235, 0.03),
    ("Cuajimalpa", 19.357, -99.290, 0.02),
    ("Milpa Alta", 19.200, -99.020, 0.02),
]

# Depot sites: industrial or logistics areas with room for chargers.
DEPOT_SITES: list[tuple[str, str, float, float]] = [
    ("Vallejo", "Azcapotzalco", 19.490, -99.160),
    ("Iztapalapa Central de Abasto", "Iztapalapa", 19.372, -99.090),
    ("Coyoacán Churubusco", "Coyoacán", 19.355, -99.145),
    ("Tlalpan Periférico Sur", "Tlalpan", 19.300, -99.185),
    ("GAM Aragón", "Gustavo A. Madero", 19.465, -99.080),
    ("Santa Fe", "Álvaro Obregón", 19.365, -99.255),
    ("Iztacalco Granjas", "Iztacalco", 19.400, -99.105),
    ("Xochimilco Periférico", "Xochimilco", 19.280, -99.120),
    ("Tláhuac Zapotitla", "Tláhuac", 19.305, -99.030),
    ("Miguel Hidalgo Granada", "Miguel Hidalgo", 19.440, -99.195),
    ("Venustiano Carranza Aeropuerto", "Venustiano Carranza", 19.425, -99.085),
    ("Benito Juárez Portales", "Benito Juárez", 19.365, -99.145),
]

CDMX_BBOX = {"lat": (19.18, 19.59), "lon": (-99.33, -98.94)}


def inside_cdmx(lat, lon):
    """Clip coordinates (scalars or arrays) into the city's bounding box: jitter near
    the southern edge (Milpa Alta) must not put a car in Morelos."""
    import numpy as np

    return (np.round(np.clip(lat, *CDMX_BBOX["lat"]), 5), np.round(np.clip(lon, *CDMX_BBOX["lon"]), 5))
