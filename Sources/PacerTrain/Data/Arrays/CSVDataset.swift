import Foundation

/// `dict(type='CSVDataset', file='table.csv', label_column='label')`: a
/// table with a header row, one integer label column and numeric feature
/// columns (all the others unless `feature_columns` names them), handed on
/// as "img" rows of floats.
public enum CSVDataset {
    /// The dataset a config section describes, read now.
    static func read(file: String, labelColumn: String, featureColumns: [String]?, delimiter: Character,
                     classes: Int?, limit: Int?) throws(DataError) -> ArrayDataset {
        let text = String(decoding: try NumpyDataset.readFile(file), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let headerLine = lines.first else { throw .malformed(path: file, reason: "is empty; it needs a header row") }
        let header = headerLine.split(separator: delimiter, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let labelIndex = header.firstIndex(of: labelColumn) else {
            throw .malformed(path: file, reason: "has no column '\(labelColumn)' (columns: \(header.joined(separator: ", ")))")
        }
        let featureIndices = try (featureColumns ?? header.filter { $0 != labelColumn }).map { name throws(DataError) in
            guard let index = header.firstIndex(of: name) else {
                throw DataError.malformed(path: file, reason: "has no column '\(name)' named in feature_columns")
            }
            return index
        }
        guard !featureIndices.isEmpty else { throw .malformed(path: file, reason: "has no feature column") }
        if let limit, limit < 1 { throw .invalidOption("num_samples must be positive, got \(limit)") }
        var features: [Float] = []
        var labels: [Int64] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            if let limit, labels.count == limit { break }
            let number = offset + 2
            let fields = line.split(separator: delimiter, omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw .malformed(path: "\(file):\(number)", reason: "has \(fields.count) fields, the header has \(header.count)")
            }
            let labelText = fields[labelIndex].trimmingCharacters(in: .whitespaces)
            guard let label = Int64(labelText) else {
                throw .malformed(path: "\(file):\(number)", reason: "label '\(labelText)' is not an integer")
            }
            labels.append(label)
            for index in featureIndices {
                let field = fields[index].trimmingCharacters(in: .whitespaces)
                guard let value = Float(field), value.isFinite else {
                    throw .malformed(path: "\(file):\(number)", reason: "column '\(header[index])' is '\(field)', not a number")
                }
                features.append(value)
            }
        }
        try ArrayDataset.checkLabels(labels, classes: classes, path: file)
        return ArrayDataset(values: .floats(features), sampleShape: [featureIndices.count], labels: labels, classes: classes, limit: nil)
    }
}
