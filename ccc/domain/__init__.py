"""The domain: records, cases, kinds, the treaty's clocks, dates and parties.

It imports nothing of ccc but ccc.errors.
"""
