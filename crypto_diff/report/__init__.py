"""Output formats, one small module each. Renderers return a value (a Rich renderable
or a string); the command line decides where it goes."""
