# A multilayer perceptron for 28x28 grey images: the MLPClassifier model plugin
# (Plugins/MLP, C on OpenBLAS).
model = dict(type='MLPClassifier', in_features=784, hidden=[256, 128], num_classes=10)
