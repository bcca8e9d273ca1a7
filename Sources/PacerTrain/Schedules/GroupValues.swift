/// MMCV's `format_param`: an option given once for every parameter group,
/// or once per group.
public enum GroupValues {
    /// `values` for `groups` groups: one value repeated, or exactly one per group.
    public static func expand(_ values: [Double], key: String, groups: Int) throws -> [Double] {
        if values.count == 1 { return Array(repeating: values[0], count: groups) }
        guard values.count == groups else {
            throw ScheduleError.groupCount(key: key, expected: groups, got: values.count)
        }
        return values
    }
}
