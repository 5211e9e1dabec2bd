"""Units, currencies and scale words: the vocabulary that turns a number into a quantity.

Written by hand because no maintained library maps English surface forms of currencies *and* scale
words *and* counted nouns to one small canonical vocabulary (pint knows physical units only and
quantulum3 classifies without returning a canonical currency code).
"""
from __future__ import annotations

import re

from claimledger.corpus.normalise import fold


def key(word: str) -> str:
    """How a word matched by a case-insensitive pattern is looked up in these tables: one Unicode form,
    lower case (a pattern that matches "μg" also matches "µg", with the micro sign, and "ＫＭ")."""
    return fold(word).lower()


SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6,
    "m": 1e6, "mm": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12, "t": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}
# "m", "b" and "t" are scales only after a currency ("$16.6 m", "$2.174T"); elsewhere a metre or a tonne.
CURRENCY_ONLY_SCALES = {"m", "b", "mm", "t"}

# Currency prefixes, longest first when matched; each maps to an ISO 4217 code.
CURRENCY_PREFIXES: dict[str, str] = {
    "usd $": "USD", "usd$": "USD", "$us": "USD", "$nz": "NZD", "us $": "USD", "us$": "USD", "u.s. $": "USD",
    "u.s.$": "USD",
    "u.s $": "USD", "u.s$": "USD", "c $": "CAD", "c$": "CAD", "cad$": "CAD", "hk $": "HKD", "hk$": "HKD",
    "a$": "AUD", "aud$": "AUD", "nzd$": "NZD", "mxn$": "MXN", "mex$": "MXN", "mx$": "MXN", "r$": "BRL",
    "usd": "USD", "us dollars": "USD", "eur": "EUR", "gbp": "GBP", "mxn": "MXN", "cad": "CAD", "aud": "AUD",
    "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "inr": "INR", "chf": "CHF", "rs.": "INR", "rs": "INR",
    "dollar": "USD", "sen": "SEN", "musd": "USD", "meur": "EUR", "mgbp": "GBP", "maud": "AUD",
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₿": "BTC",
    "₡": "CRC", "₾": "GEL", "₭": "LAK", "₱": "PHP", "₦": "NGN", "₺": "TRY", "元": "CNY",
}
# Currency names after the number; plural and singular; value is the ISO code.
CURRENCY_SUFFIXES: dict[str, str] = {
    "us dollars": "USD", "us dollar": "USD", "u.s. dollars": "USD", "american dollars": "USD",
    "canadian dollars": "CAD", "canadian dollar": "CAD", "australian dollars": "AUD", "australian dollar": "AUD",
    "hong kong dollars": "HKD", "new zealand dollars": "NZD", "dollars": "USD", "dollar": "USD",
    "usd": "USD", "musd": "USD", "meur": "EUR", "mgbp": "GBP", "maud": "AUD", "eur": "EUR", "gbp": "GBP",
    "euros": "EUR", "euro": "EUR", "pesos": "MXN", "peso": "MXN", "mexican pesos": "MXN",
    "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP", "pence": "GBP", "penny": "GBP",
    "cents": "USD", "cent": "USD", "yen": "JPY", "yuan": "CNY", "chinese yuan": "CNY", "rmb": "CNY",
    "renminbi": "CNY", "kuai": "CNY", "swiss francs": "CHF", "francs": "FRF", "franc": "FRF",
    "finnish markka": "FIM", "markka": "FIM", "marks": "DEM", "pesetas": "ESP", "peseta": "ESP",
    "dutch guilders": "NLG", "guilders": "NLG", "lire": "ITL", "lira": "TRY", "turkish lira": "TRY",
    "rupees": "INR", "rupee": "INR", "rubles": "RUB", "won": "KRW", "bitcoins": "BTC", "bitcoin": "BTC",
    "btc": "BTC", "satoshis": "BTC", "satoshi": "BTC", "₡": "CRC", "₾": "GEL", "₭": "LAK", "ரூ": "LKR",
    "$": "USD", "€": "EUR", "£": "GBP", "元": "CNY", "us¢": "USD", "¢": "USD",
}
# Fractional coins: their amounts stay as written (50 cents is 50, currency USD, unit "cent").
SUBUNITS = {"cents": "cent", "cent": "cent", "pence": "penny", "penny": "penny", "satoshis": "satoshi",
            "satoshi": "satoshi"}
# A currency word that carries a scale: "30 musd" and "MAUD 60" are millions; the cent sign is a hundredth
# of the currency ("30US¢" is 0.3 USD), while spelled-out "cents" keep their figure (unit cent).
SUFFIX_SCALE = {"musd": 1e6, "meur": 1e6, "mgbp": 1e6, "maud": 1e6, "us¢": 0.01, "¢": 0.01}

PERCENT_WORDS = ("percentage points", "percentage point", "per cent", "percents", "percentage", "percent",
                 "pct", "%")

# Measurement units after a number: surface form -> canonical unit name.
_MEASURES = {
    "mile": "mile", "miles": "mile", "mi": "mile", "km": "kilometer", "kms": "kilometer", "kilometer": "kilometer",
    "kilometers": "kilometer", "kilometre": "kilometer", "kilometres": "kilometer", "m": "meter", "meter": "meter",
    "meters": "meter", "metre": "meter", "metres": "meter", "cm": "centimeter", "centimeters": "centimeter",
    "centimetres": "centimeter", "mm": "millimeter", "millimeters": "millimeter", "dm": "decimeter",
    "decimeters": "decimeter", "pm": "picometer", "picometer": "picometer", "picometers": "picometer",
    "nm": "nanometer", "ft": "foot", "foot": "foot", "feet": "foot", "in": "inch", "inch": "inch",
    "inches": "inch", '"': "inch", "yard": "yard", "yards": "yard", "yd": "yard",
    "acre": "acre", "acres": "acre", "hectare": "hectare", "hectares": "hectare", "ha": "hectare",
    "km2": "square kilometer", "km²": "square kilometer", "m2": "square meter", "m²": "square meter",
    "square meters": "square meter", "square metres": "square meter", "square kilometers": "square kilometer",
    "square kilometres": "square kilometer", "square miles": "square mile", "square feet": "square foot",
    "sq ft": "square foot", "cubic feet": "cubic foot", "cubic meters": "cubic meter", "cubic metres": "cubic meter",
    "lb": "pound", "lbs": "pound", "pounds": "pound", "pound": "pound", "oz": "ounce", "ounce": "ounce",
    "ounces": "ounce", "kg": "kilogram", "kgs": "kilogram", "kilogram": "kilogram", "kilograms": "kilogram",
    "kilos": "kilogram", "g": "gram", "gram": "gram", "grams": "gram", "gr": "gram", "mg": "milligram",
    "milligram": "milligram", "milligrams": "milligram", "microgram": "microgram", "micrograms": "microgram",
    "microgrammes": "microgram", "μg": "microgram", "mcg": "microgram", "ton": "ton", "tons": "ton",
    "tonne": "ton", "tonnes": "ton", "metric tons": "metric ton", "metric ton": "metric ton", "t": "ton",
    "barrel": "barrel", "barrels": "barrel", "bbl": "barrel", "gallon": "gallon", "gallons": "gallon",
    "gal": "gallon", "liter": "liter", "liters": "liter", "litre": "liter", "litres": "liter", "l": "liter",
    "ml": "milliliter", "milliliter": "milliliter", "milliliters": "milliliter", "cup": "cup", "cups": "cup",
    "tablespoon": "tablespoon", "tablespoons": "tablespoon", "tbsp": "tablespoon", "teaspoon": "teaspoon",
    "teaspoons": "teaspoon", "tsp": "teaspoon", "drachma": "dram", "dram": "dram",
    "bit": "bit", "bits": "bit", "byte": "byte", "bytes": "byte", "kb": "kilobyte", "mb": "megabyte",
    "gb": "gigabyte", "tb": "terabyte", "mbps": "megabit per second", "gbps": "gigabit per second",
    "mph": "mile per hour", "miles an hour": "mile per hour", "miles per hour": "mile per hour",
    "kph": "kilometer per hour", "kmph": "kilometer per hour", "km/h": "kilometer per hour",
    "km/hr": "kilometer per hour", "kilometers per hour": "kilometer per hour", "knots": "knot",
    "meters per second": "meter per second", "m/s": "meter per second", "km/ms": "kilometer per millisecond",
    "meters per millisecond": "meter per millisecond", "centimeters/millisecond": "centimeter per millisecond",
    "degrees celsius": "degree celsius", "degree celsius": "degree celsius", "degrees fahrenheit": "degree fahrenheit",
    "degree fahrenheit": "degree fahrenheit", "° celsius": "degree celsius", "° fahrenheit": "degree fahrenheit",
    "degrees c": "degree celsius", "degrees f": "degree fahrenheit", "°celsius": "degree celsius",
    "degrees": "degree", "degree": "degree", "°c": "degree celsius", "°f": "degree fahrenheit", "°": "degree",
    "w": "watt", "basis points": "basis point", "basis point": "basis point", "bps": "basis point",
    "mmhg": "millimeter of mercury", "ppm": "part per million", "ppb": "part per billion",
    "kw": "kilowatt", "mw": "megawatt", "gw": "gigawatt", "kwh": "kilowatt hour", "watts": "watt",
    "volts": "volt", "hz": "hertz", "mhz": "megahertz", "ghz": "gigahertz", "calories": "calorie",
    "kcal": "kilocalorie", "seconds": "second", "second": "second", "secs": "second", "minutes": "minute",
    "minute": "minute", "mins": "minute", "hours": "hour", "hour": "hour", "hrs": "hour", "days": "day",
    "day": "day", "weeks": "week", "week": "week", "months": "month", "month": "month", "years": "year",
    "year": "year", "decades": "decade", "centuries": "century", "ms": "millisecond",
    "s": "second", "sec": "second", "h": "hour", "min": "minute", "yrs": "year",
    "sq mi": "square mile", "sq. mi.": "square mile", "sq km": "square kilometer", "sq. km": "square kilometer",
    "mi2": "square mile", "mi²": "square mile", "ft2": "square foot", "ft²": "square foot",
    "km3": "cubic kilometer", "km³": "cubic kilometer", "m3": "cubic meter", "m³": "cubic meter",
    "cubic kilometers": "cubic kilometer", "cubic kilometres": "cubic kilometer", "cc": "cubic centimeter",
    "cm3": "cubic centimeter", "cm³": "cubic centimeter", "cl": "centiliter", "dl": "deciliter",
    "centiliters": "centiliter", "centilitres": "centiliter", "millilitres": "milliliter",
    "ev": "electronvolt", "kev": "kiloelectronvolt", "mev": "megaelectronvolt", "gev": "gigaelectronvolt",
    "tev": "teraelectronvolt", "electronvolts": "electronvolt", "j": "joule", "joules": "joule",
    "kj": "kilojoule", "kilojoules": "kilojoule", "wh": "watt hour", "mwh": "megawatt hour",
    "gwh": "gigawatt hour", "twh": "terawatt hour", "kilowatt hours": "kilowatt hour",
    "kilowatt-hours": "kilowatt hour", "megawatts": "megawatt", "kilowatts": "kilowatt", "gigawatts": "gigawatt",
    "kv": "kilovolt", "volt": "volt", "amps": "ampere", "amperes": "ampere", "khz": "kilohertz",
    "hertz": "hertz", "kpa": "kilopascal", "hpa": "hectopascal", "mpa": "megapascal", "pascals": "pascal",
    "gy": "gray", "mgy": "milligray", "sv": "sievert", "msv": "millisievert", "db": "decibel",
    "decibels": "decibel", "calorie": "calorie", "kilocalories": "kilocalorie", "μm": "micrometer",
    "micrometers": "micrometer", "micrometres": "micrometer", "microns": "micrometer", "nanometers": "nanometer",
    "nanometres": "nanometer", "millimetres": "millimeter",
    "mg/kg": "milligram per kilogram", "mg/l": "milligram per liter", "mg/dl": "milligram per deciliter",
    "μg/m3": "microgram per cubic meter", "g/km": "gram per kilometer", "kg/m2": "kilogram per square meter",
    "light-years": "light-year", "light years": "light-year", "light-year": "light-year", "ly": "light-year",
    "hp": "horsepower", "bhp": "horsepower", "horsepower": "horsepower", "nautical miles": "nautical mile",
    "m/s2": "meter per square second", "m/s²": "meter per square second", "km/s2": "kilometer per square second",
    "pound-feet": "pound-foot", "pound-foot": "pound-foot", "lb-ft": "pound-foot", "lb ft": "pound-foot",
    "foot-pounds": "pound-foot", "newton meters": "newton meter", "newton metres": "newton meter",
    "newton-meters": "newton meter", "newton-metres": "newton meter", "n·m": "newton meter",
}
# Molar concentrations, matched with their case: "mM" is millimolar where "mm" is a millimetre.
MOLAR = {"mM": "millimolar", "µM": "micromolar", "μM": "micromolar", "nM": "nanomolar", "pM": "picomolar",
         "mmol/L": "millimole per liter", "mmol/l": "millimole per liter"}
# The time after a measure that makes it a rate: "200 kilometres per hour", "20 mg a day", "9.8 m/s".
RATE_TIMES = {"second": "second", "sec": "second", "s": "second", "minute": "minute", "min": "minute",
              "hour": "hour", "hr": "hour", "h": "hour", "day": "day", "d": "day", "week": "week",
              "month": "month", "year": "year", "yr": "year", "annum": "year"}
# Longest surface forms first, so "metric tons" wins over "tons".
MEASURES = dict(sorted(_MEASURES.items(), key=lambda kv: -len(kv[0])))
# Units written as letters glued to digits ("200lbs", "75ml"): abbreviations only, not words.
GLUED_OK = {k for k in MEASURES if len(k) <= 4 or "/" in k or k.startswith("°")}

# Counted nouns that collapse to one canonical unit (the rest keep their own lemma).
PERSON_NOUNS = {
    "people", "person", "persons", "individual", "inhabitant", "resident", "migrant", "immigrant", "emigrant",
    "worker", "mexican", "citizen", "adult", "child", "student", "professional", "graduate", "employee",
    "woman", "man", "men", "women", "youth", "member", "national", "farmworker", "laborer", "labourer",
    "voter", "refugee", "latino", "hispanic", "american", "retiree", "teacher", "doctor", "nurse", "patient",
    "victim", "user", "customer", "passenger", "tourist", "visitor", "soldier", "officer", "engineer",
    "scientist", "researcher", "newcomer", "deportee", "alien", "bracero", "indigenous", "children", "boy",
    "girl", "baby", "infant", "pensioner", "owner", "entrepreneur", "undocumented",
    "foreigner", "expatriate", "descendant", "participant", "respondent", "household head", "homeowner",
    "population", "workforce", "employment", "emigration", "immigration", "labor", "labour", "diaspora",
}
CANONICAL_NOUNS = {
    "household": "household", "family": "household", "families": "household", "home": "household",
    "municipality": "municipality", "municipio": "municipality", "project": "project",
    "club": "organization", "association": "organization", "federation": "organization",
    "organization": "organization", "organisation": "organization", "state": "state", "country": "country",
    "nation": "country", "community": "community", "locality": "community", "town": "community",
    "village": "community", "job": "job", "post": "job", "position": "job",
}


def canonical_noun(lemma: str) -> str:
    """The canonical unit for a counted noun's lemma: humans are persons; a few others are merged."""
    lemma = lemma.lower().strip()
    if lemma in PERSON_NOUNS or lemma.rstrip("s") in PERSON_NOUNS:
        return "person"
    return CANONICAL_NOUNS.get(lemma, lemma)


def prefix_pattern(words: dict[str, str] | tuple[str, ...]) -> str:
    """A regex alternation of surface forms, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
