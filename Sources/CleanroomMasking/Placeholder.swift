public enum MaskingPlaceholder {}
