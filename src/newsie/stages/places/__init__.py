"""Places: countries, first-level divisions and other locations, geocoded.

One Aho-Corasick pass over the normalised text finds every gazetteer name; the
rest is deciding what each hit means, with precision first:

- a name that is also a common word (صور، السلام) needs evidence: a place cue
  before it (مدينة، في، شمال ...), a `ب` proclitic where the article names the
  place's country otherwise (not بحجة "on the pretext"), an NER location on the same
  span, or another cued mention of the same name in the article; a generic word
  (البلاد) needs a singular division or settlement word, not a plural (مدن البلاد);
- a city outside the Arab world, neither capital nor metropolis, needs a cue or its
  country named (موشي، يورك، مانشستر يونايتد are people, words and clubs);
- a name shared by several places goes to the one in the countries and
  divisions the article names most, then to the most populous;
- a city named like its division (كركوك، عدن) is PROVINCE after محافظة/ولاية,
  in a list of divisions (محافظات بغداد والأنبار وكركوك، في مأرب وشبوة وعدن),
  or once the article has named the division so (more often than it names the city
  so: مدينة الحديدة); otherwise LOCATION with the division as admin1;
- a small village named without any cue must lie in a division the article
  names, and one in a country the article hardly names keeps no geography;
- structural phrases make one LOCATION: facility + place (مطار عدن الدولي),
  ريف + place (ريف درعا الشرقي), and borders (الحدود السورية، الحدود مع تركيا);
- a name after a newspaper/club/team head (صحيفة الرياض، نادي سطيف) is part of an
  organisation, and a name inside an NER person is part of a name: neither is a place;
- a small place or division of a country the rest of the article never names, in an
  article about another country (منطقة صلاح الدين in a story on Tripoli), is a local
  namesake: with a place cue it becomes a LOCATION of the article's country (and of the
  division of the city it is said to lie in), without one it is dropped. The article's
  countries come from the other names, so a name never vouches for itself;
- month names (تشرين، شباط) are never places.

The article's main country and admin1 are the most supported ones. A NER place the
gazetteer knows gets its geography through a claim (`newsie.claims`) that `resolve`
applies: this stage edits no other stage's entity.

Modules: `gazetteer` (the place names and cue words, from data), `context` (what the
words around each gazetteer hit say), `disambiguation` (which place a hit means),
`geography` (how much the article names each country and division, and its main ones)
and `stage`.
"""

from newsie.stages.places.gazetteer import (
    Cue,
    Gazetteer,
    Name,
    Place,
    load_gazetteer,
    user_gazetteer,
)
from newsie.stages.places.stage import PlacesStage

__all__ = ["Cue", "Gazetteer", "Name", "Place", "PlacesStage", "load_gazetteer", "user_gazetteer"]
