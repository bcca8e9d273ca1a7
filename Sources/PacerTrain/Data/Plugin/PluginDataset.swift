import Pacer
import PacerPlugins

/// A dataset plugin (ABI 1.1) as a `SampleSource`, whose samples a
/// transform pipeline takes on (images H x W x C, bytes or floats, as the
/// plugin fills them), and as a `Dataset` for configs without a pipeline,
/// gathering "img" (float32 [N, C, H, W], bytes scaled to [0, 1] as
/// `ArrayDataset` scales them) and "gt_label" (int64 [N]). Both read items
/// on demand, from loader worker threads too; the plugin's thread rules
/// are kept by `PluginDatasetInstance`.
public final class PluginDataset: SampleSource, Dataset {
    /// The plugin instance.
    public let plugin: PluginDatasetInstance

    /// A dataset over `plugin`.
    public init(_ plugin: PluginDatasetInstance) { self.plugin = plugin }

    /// Number of samples.
    public var count: Int { plugin.count }

    /// Class names, as the plugin gives them.
    public var classes: [String] { plugin.classes }

    /// Sample `index` as the plugin fills it; an error names the plugin
    /// file and the index.
    public func sample(at index: Int) throws(DataError) -> Sample {
        let (height, width, channels) = plugin.imageShape
        var label: Int64 = 0
        var failure: PluginError?
        func fill(_ image: UnsafeMutableRawBufferPointer) {
            do throws(PluginError) {
                try plugin.fill(index, image: image.baseAddress!, label: &label)
            } catch {
                failure = error
            }
        }
        let pixels: Image.Pixels
        switch plugin.pixelType {
        case .uint8:
            var bytes = [UInt8](repeating: 0, count: plugin.imageElementCount)
            bytes.withUnsafeMutableBytes(fill)
            pixels = .bytes(bytes)
        case .float32:
            var floats = [Float](repeating: 0, count: plugin.imageElementCount)
            floats.withUnsafeMutableBytes(fill)
            pixels = .floats(floats)
        }
        if let failure { throw .plugin(failure) }
        return Sample(image: Image(height: height, width: width, channels: channels, pixels: pixels), label: label)
    }

    /// Storage for "img" ([C, H, W] per sample) and "gt_label", with room
    /// to stage one item as the plugin fills it.
    public func makeBatchStorage(capacity: Int) -> BatchStorage {
        let (height, width, channels) = plugin.imageShape
        let itemBytes = plugin.imageElementCount * (plugin.pixelType == .uint8 ? 1 : 4)
        return BatchStorage(fields: [("img", .float32, [channels, height, width]), ("gt_label", .int64, [])],
                            capacity: capacity, scratchBytes: itemBytes)
    }

    /// Has the plugin fill the samples at `indices`, turning each image
    /// from H x W x C to C x H x W floats (`epoch` does not matter: without
    /// a pipeline nothing is random).
    public func gather(_ indices: ArraySlice<Int>, epoch: Int, into storage: BatchStorage) throws {
        storage.setCount(indices.count)
        let image = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
        let label = storage.batch.fields[1].data.assumingMemoryBound(to: Int64.self)
        guard let scratch = storage.scratch else { return }
        let channels = plugin.imageShape.channels, size = plugin.imageElementCount, area = size / channels
        for (slot, sample) in indices.enumerated() {
            do {
                try plugin.fill(sample, image: scratch, label: label + slot)
            } catch {
                throw DataError.plugin(error)
            }
            let destination = image + slot * size
            switch plugin.pixelType {
            case .uint8:
                let bytes = scratch.assumingMemoryBound(to: UInt8.self)
                if channels == 1 {
                    PixelScaling.scale(bytes, into: destination, count: size)
                } else {
                    let scale = Float(1) / 255
                    for pixel in 0..<area {
                        for channel in 0..<channels {
                            destination[channel * area + pixel] = Float(bytes[pixel * channels + channel]) * scale
                        }
                    }
                }
            case .float32:
                let floats = scratch.assumingMemoryBound(to: Float.self)
                for pixel in 0..<area {
                    for channel in 0..<channels {
                        destination[channel * area + pixel] = floats[pixel * channels + channel]
                    }
                }
            }
        }
    }
}
