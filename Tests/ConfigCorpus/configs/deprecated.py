_base_ = './subscripts_and_rounding.py'
_deprecation_ = dict(expected='subscripts_and_rounding.py', reference='https://github.com/open-mmlab/mmcv/pull/1275')
