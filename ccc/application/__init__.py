"""The write side: input models, the unit of work (Secretariat, Batch) and writing/importing."""
