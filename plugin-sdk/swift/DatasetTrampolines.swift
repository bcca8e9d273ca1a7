#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import CPacer

/// The `@convention(c)` functions of every dataset vtable (ABI 1.1): like
/// ``OptimizerTrampolines``, each finds the instance through its box and
/// turns a thrown error into a status and a message.
enum DatasetTrampolines {
    /// A dataset instance with the C data the host reads from it: class
    /// names and the image extents, kept until `destroy`.
    final class Instance {
        let plugin: any DatasetPlugin
        let count: Int64
        let image: DatasetImage
        let classNames: [UnsafeMutablePointer<CChar>]
        let shape: UnsafeMutablePointer<Int64>

        init(_ plugin: any DatasetPlugin) {
            self.plugin = plugin
            count = Int64(plugin.count)
            image = plugin.image
            classNames = plugin.classes.map { strdup($0)! }
            shape = .allocate(capacity: 3)
            shape.initialize(from: [Int64(image.height), Int64(image.width), Int64(image.channels)], count: 3)
        }

        deinit {
            for name in classNames { free(name) }
            shape.deallocate()
        }
    }

    /// The box type of every dataset instance.
    typealias Box = PluginBox<Instance>

    private static func instance(_ pointer: UnsafeMutableRawPointer?) -> Instance? {
        pointer.map { Unmanaged<Box>.fromOpaque($0).takeUnretainedValue().plugin }
    }

    /// The vtable of a dataset type whose `fill` is thread-safe or not.
    static func vtable(threadSafe: Bool) -> pacer_dataset_vtable {
        var table = pacer_dataset_vtable()
        table.struct_size = UInt32(MemoryLayout<pacer_dataset_vtable>.size)
        table.flags = threadSafe ? 0 : UInt32(PACER_DATASET_SERIAL)
        table.length = { DatasetTrampolines.instance($0)?.count ?? 0 }
        table.class_count = { UInt32(DatasetTrampolines.instance($0)?.classNames.count ?? 0) }
        table.class_name = { pointer, index in
            guard let names = DatasetTrampolines.instance(pointer)?.classNames, Int(index) < names.count else {
                return nil
            }
            return UnsafePointer(names[Int(index)])
        }
        table.field_count = { _ in 2 }
        table.field_at = { pointer, index, out in
            guard let instance = DatasetTrampolines.instance(pointer), let out else { return PACER_E_INVALID_ARG }
            guard index < 2 else { return PACER_E_NOT_FOUND }
            var field = pacer_tensor()
            field.struct_size = UInt32(MemoryLayout<pacer_tensor>.size)
            if index == 0 {
                field.name = DatasetTrampolines.imageName
                field.dtype = instance.image.pixels == .uint8 ? PACER_DTYPE_U8 : PACER_DTYPE_F32
                field.ndim = 3
                field.shape = UnsafePointer(instance.shape)
                field.numel = UInt64(instance.image.elementCount)
            } else {
                field.name = DatasetTrampolines.labelName
                field.dtype = PACER_DTYPE_I64
                field.numel = 1
            }
            let size = min(Int(out.pointee.struct_size), MemoryLayout<pacer_tensor>.size)
            withUnsafeBytes(of: &field) { UnsafeMutableRawPointer(out).copyMemory(from: $0.baseAddress!, byteCount: size) }
            out.pointee.struct_size = UInt32(size)
            return PACER_OK
        }
        table.get_item = { pointer, index, item, err in
            Box.call(pointer, err) { box in
                let instance = box.plugin
                guard let item, item.pointee.field_count == 2,
                      let image = pacer_batch_field(item, 0).pointee.data,
                      let label = pacer_batch_field(item, 1).pointee.data else {
                    throw PluginFailure("\(box.typeName): the host passed no room for item \(index)",
                                        status: .invalidArgument)
                }
                let bytes = instance.image.elementCount * (instance.image.pixels == .uint8 ? 1 : 4)
                try instance.plugin.fill(DatasetItem(
                    index: Int(index), pixels: UnsafeMutableRawBufferPointer(start: image, count: bytes),
                    label: label.assumingMemoryBound(to: Int64.self)))
            }
        }
        return table
    }

    nonisolated(unsafe) private static let imageName = CStrings.permanent("img")
    nonisolated(unsafe) private static let labelName = CStrings.permanent("gt_label")

    /// `destroy`: drops the host's reference to the box.
    static let destroy: @convention(c) (UnsafeMutableRawPointer?) -> Void = { Box.release($0) }
}
