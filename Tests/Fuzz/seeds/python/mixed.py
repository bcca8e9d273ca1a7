_base_ = ['../_base_/a.py']
x = {{_base_.a}}
m = dict(type='MLP', h=[256, 128], **dict(k=1), s='{{ fileDirname }}' r'\d' '''t
u''')
w = [('train', 1)] * 2 + [('val', 1)]
lr = 0.1 * 8 / 16 - 2 ** -1 // 3 % 2
