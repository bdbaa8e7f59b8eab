// The built-in example corpus: four short articles from an imaginary local
// paper, written for paradup. They plant every kind of duplicate:
//   exact       - the ferry schedule paragraph, repeated word for word;
//   near        - the bridge paragraph, lightly edited in the roundup;
//   contained   - the library paragraph with a "READ MORE" link glued on;
//   boilerplate - the paper's footer, in all four files;
//   dateline    - the roundup repeats the festival lead after "(ALDERWICK) —".

const FOOTER =
  'The Alderwick Ledger is a reader-supported newsroom. Tips and corrections go to the news desk, which reads every message within two working days.';

const FESTIVAL = `Lanterns on the Water

The lantern festival returns to the old harbour on Saturday after a two-year pause, with more than three hundred paper lanterns expected on the water by nightfall.

Organisers said the route along the quay has been widened so that families with prams and wheelchairs can follow the procession without leaving the promenade.

Ferries to the north shore will run every twenty minutes until midnight, and the last bus to the hill villages leaves the market square at a quarter past twelve.

Stallholders from the covered market will sell soup, roasted chestnuts and hot apple juice from a row of tents beside the lifeboat station.

${FOOTER}
`;

const BRIDGE = `Mill Street Bridge Closes

Engineers will close the Mill Street bridge to all traffic from Monday while they replace the cracked bearings found during a routine inspection in the spring.

The council said the work could not wait until winter because water seeping into the joints would freeze and widen the cracks, making the repair far more expensive.

A temporary footbridge will open beside the weir, and buses will be diverted over the ring road, adding about ten minutes to journeys from the station.

Shop owners on Mill Street asked for signs at both ends of the closure to tell drivers that businesses remain open throughout the works.

${FOOTER}
`;

const LIBRARY = `Library Opens Later

The central library will stay open until nine on weekday evenings from next month, after a survey found that most readers could only visit after work.

The longer hours are paid for by a grant from the county arts fund and by moving two staff members from the closed mobile library service.

Ferries to the north shore will run every twenty minutes until midnight, and the last bus to the hill villages leaves the market square at a quarter past twelve.

${FOOTER}
`;

const ROUNDUP = `Weekend Roundup

(ALDERWICK) — The lantern festival returns to the old harbour on Saturday after a two-year pause, with more than three hundred paper lanterns expected on the water by nightfall.

Engineers are closing the Mill Street bridge to all traffic from Monday while they replace the damaged bearings found during a routine inspection in the spring.

READ MORE: Library extends evening hours. The central library will stay open until nine on weekday evenings from next month, after a survey found that most readers could only visit after work.

The allotment society holds its autumn show in the church hall on Sunday, with prizes for the heaviest marrow and the best jar of bramble jelly.

${FOOTER}
`;

export const EXAMPLES = [
  ['lantern-festival.txt', FESTIVAL],
  ['mill-street-bridge.txt', BRIDGE],
  ['library-hours.txt', LIBRARY],
  ['weekend-roundup.txt', ROUNDUP],
];
