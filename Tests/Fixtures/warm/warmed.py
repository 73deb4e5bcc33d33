"""Imported once by each slot's warm worker (warm_imports): every import appends this process's pid."""
import os

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".imports.log"), "a") as log:
    log.write("%d\n" % os.getpid())

state = {"touched_by": None}
