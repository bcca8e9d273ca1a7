a = [3, 1, 2]
d = dict(k=a[::-1], n={'x': 1})
if len(a) > 2 and not d.get('z'):
    a.extend([i * 2 for i in range(3) if i % 2 == 0])
elif 'k' in d:
    del d['k']
else:
    pass
s = f'{a[0]:>4}-{sum(a)}' + '{}'.format(round(2.5))
t = {k: v for k, v in d.items()}
a += sorted(set(a), reverse=True)
x = a[0] if a else None
