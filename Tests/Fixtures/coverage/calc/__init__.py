"""A small package whose tests, spread over files, together cover most of it: the fixture of coverage runs."""
