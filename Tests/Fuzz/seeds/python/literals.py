# comment
d = {'k-1': 1_000, 'n': -0x10, 'f': 1e-4, 'e': "\N{BULLET}\x41\u00e9", **{'z': [*(1, 2)]}}
t = (1,)
z = None, True, False
long = 1 + \
    2
