"""Files to text: readers per format, normalisation with an offset map, header, metadata and outline.

Interface: `readers.read(path) -> Source` (the text a file was read as: offsets refer to it);
`normalise.normalise(text) -> Normalised` (one normalised text and a map back to the source);
`metadata.load(path, text) -> kg.records.DocMeta` (sidecar, else `header.read_header`); `outline.outline(text)
-> Outline` (task section, groups, numbered tasks). Bytes are read in `readers` and nowhere else.
"""
