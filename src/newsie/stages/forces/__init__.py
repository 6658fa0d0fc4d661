"""Forces stage: state forces (UNIT), formations, brigades and armed groups.

Generic NER tags `الفرقة الرابعة` as nothing and `داعش` as an ORG at best. This stage
finds armed actors with three rule layers over the normalised text:

1. a lexicon of named actors (`newsie.knowledge.actors`), each with a canonical id,
   an English name, a country and state / non-state; a nationality adjective after a
   generic force (الجيش العراقي) becomes part of the mention and gives its country;
2. a formation grammar: echelon word + ordinal or digits + branch (الكتيبة 102 مشاة,
   اللواء الخامس عشر, الفرقة الرابعة) and operations commands (قيادة عمليات نينوى);
3. brigades: named (لواء اليرموك), lists and duals (لوائي ... 20 و 22 gives two
   brigades) and anaphora (اللواءين، اللواء المذكور) linked to the brigades before.

`اللواء` followed by a person's name is a rank, not a brigade: this stage leaves it to
the people stage; both decide it with `newsie.knowledge.names.looks_like_name_start`.

Modules: `words` (readers of single words and numbers), `candidates` (a candidate
mention and how overlapping ones are settled), `formations` (numbered formations and
named brigades), `groups` (operations commands, cells, shura councils and the scan for
all formations) and `stage` (the lexicon of named actors, anaphora, output).
"""

from newsie.stages.forces.candidates import Candidate
from newsie.stages.forces.stage import ForcesStage
from newsie.stages.forces.words import ordinal_name

__all__ = ["Candidate", "ForcesStage", "ordinal_name"]
