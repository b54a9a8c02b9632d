public enum ConnectorsPlaceholder {}
