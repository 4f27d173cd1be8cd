/*!
Text in, spans out: stories, sentences and tokens, each pointing back into the original
text with byte spans.

# Brief overview

* [`Story`] and [`StoryReader`]: JSON-lines stories (`id`, `date`, `text`, optional
  `source`, `url`) with errors that name the line.
* [`sentences`]: sentence splitting that survives "R. Erdogan", "U.S.", "Gen.", "Jan. 24".
* [`Tokenizer`]: words and punctuation with byte spans and a normalized form (lower
  case, accents folded: `Erdoğan` → `erdogan`), the possessive `'s` split off.

```
use quidpro_text::{sentences, Tokenizer};

let text = "Gen. Selcuk Bayraktaroglu met U.S. officials. Azerbaijan's army said so.";
let spans = sentences(text);
assert_eq!(spans.len(), 2);
let mut tok = Tokenizer::new();
tok.tokenize(spans[1].slice(text));
let words: Vec<&str> = tok.tokens().iter().map(|t| t.norm(&tok)).collect();
assert_eq!(words, ["azerbaijan", "'s", "army", "said", "so", "."]);
```
*/
#![deny(missing_docs)]

mod segment;
mod story;
mod token;

pub use quidpro_event::Span;
pub use segment::sentences;
pub use story::{Story, StoryError, StoryReader};
pub use token::{normalize, Token, Tokenizer};
