"""For people: Babel formatting, translated tables, alert sentences and captions, the briefing HTML."""
