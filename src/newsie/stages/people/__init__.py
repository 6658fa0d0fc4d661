"""People stage: officers and officials named after their rank or office.

Security news names people as `العقيد أحمد المسماري` or `وزير الصحة التونسي سالم
العياري`: the rank or office is a strong cue that a name follows, and generic NER
often keeps the rank inside the name or misses rare names. This stage

- reads rank (+ modifiers such as ركن) or office (+ its complement: الدفاع، باسم
  الجيش الليبي) and then the name, stopping at particles, verbs of saying, offices,
  nationality adjectives and other entities; the rank or office goes to `title`;
- adopts the NER stage's PERSON spans that overlap (one mention, rule boundaries) and
  trims a rank that NER left inside a name;
- links later mentions of a full name, or of its last name alone (`الزوي`), to the
  full name (`canonical`), so events can count a person once.

NER's entities are not this stage's to change: what it decides about them (drop a
span the rules read, move a rank to `title`, link a name) is a claim in
`doc.extras["people"]` (`newsie.claims`) that the `resolve` stage applies.

`اللواء` before a number, an ordinal or a branch is a brigade: the forces stage has
claimed those spans already, and a rank inside a forces entity is skipped.

Modules: `words` (what stops a name, what may follow a rank), `reader` (rank or
office + name over one document's tokens), `linking` (later mentions linked to the
full name) and `stage` (user names, NER persons, output).
"""

from newsie.stages.people.reader import PersonMention
from newsie.stages.people.stage import PeopleStage

__all__ = ["PeopleStage", "PersonMention"]
