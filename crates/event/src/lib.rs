/*!
The vocabulary every quidpro crate agrees through: CAMEO event codes, actor codes,
events and their provenance. This crate does no I/O.

# Brief overview

* [`cameo`]: the 312 codes of CAMEO 1.1b3 compiled into the binary, with names,
  Goldstein values and quad classes ([`EventCode`], [`QuadClass`]).
* [`actor`]: actor codes as 3-letter blocks ([`ActorCode`]: `TURGOV`, `AZEMIL`, `IGONAT`).
* [`event`]: a coded [`Event`] with its [`Provenance`], [`Attribution`] and [`Modality`].
* [`schema`]: the event schema every output derives its columns from ([`schema::COLUMNS`],
  [`schema::SCHEMA_VERSION`]).

```
use quidpro_event::{EventCode, QuadClass};

let code = EventCode::parse("0874").unwrap();
assert_eq!(code.root(), "08");
assert_eq!(code.base(), "087");
assert_eq!(code.goldstein(), 10.0);
assert_eq!(code.quad_class(), QuadClass::MaterialCooperation);
```
*/
#![deny(missing_docs)]

pub mod actor;
pub mod cameo;
pub mod event;
pub mod schema;

pub use actor::{ActorCode, ActorCodeError};
pub use cameo::{CameoEntry, EventCode, EventCodeError, QuadClass};
pub use event::{Attribution, Content, DatePrecision, DateSource, Event, Modality, Provenance, Span};
