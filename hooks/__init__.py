"""MkDocs hooks of the site: KaTeX at build time, the generated cheat sheet."""
