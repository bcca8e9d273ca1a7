import Foundation
import Pacer

// swift run -c release fashion-mnist-example [WORK_DIR] [EPOCHS]
let arguments = CommandLine.arguments
let workDir = arguments.count > 1 ? arguments[1] : "work_dirs/fashion_mnist_example"
let epochs = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
do {
    try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
    try trainFashionMNIST(workDir: workDir, epochs: epochs)
} catch {
    Console.error("error: \(error)")
    exit(1)
}
