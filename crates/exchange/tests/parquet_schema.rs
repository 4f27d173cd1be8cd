//! The Parquet export's columns are the event schema's (names, order, types, nulls), and
//! each file carries the schema's version in its key-value metadata.

use std::sync::Arc;

use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use quidpro_event::schema::{LogicalType, COLUMNS, SCHEMA_VERSION};
use quidpro_exchange::{export, Format, SCHEMA_VERSION_KEY};
use quidpro_store::{NewEvent, Store};

#[test]
fn parquet_columns_and_version_are_the_schemas() {
    let dir = std::env::temp_dir().join(format!("quidpro-exchange-schema-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open(&dir.join("q.db")).unwrap();
    let mut b = store.batch().unwrap();
    let run = b.begin_run("test", "-").unwrap();
    for (id, date, code) in [("1", "2024-03-01", "042"), ("2", "2024-04-02", "190")] {
        b.add_event(&NewEvent::new("gdelt2", id, date, "TURGOV", "AZEGOV", code).unwrap(), Some(run))
            .unwrap();
    }
    b.commit().unwrap();
    let out = dir.join("out");
    let s = export(&store, Format::Parquet, &out, false, None, None, &mut |_| {}).unwrap();
    assert_eq!(s.events, 2);
    assert_eq!(s.files.len(), 2, "one file a month");
    for f in &s.files {
        let r = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(f).unwrap()).unwrap();
        let kv = r.metadata().file_metadata().key_value_metadata().cloned().unwrap_or_default();
        let v = kv.iter().find(|k| k.key == SCHEMA_VERSION_KEY).and_then(|k| k.value.clone());
        assert_eq!(v, Some(SCHEMA_VERSION.to_string()), "{f}");
        let schema: Arc<arrow_schema::Schema> = r.schema().clone();
        assert_eq!(schema.fields().len(), COLUMNS.len());
        for (field, c) in schema.fields().iter().zip(COLUMNS) {
            assert_eq!(field.name(), c.name);
            assert_eq!(field.is_nullable(), c.nullable, "{}", c.name);
            let want = match c.ty {
                LogicalType::String | LogicalType::Json => DataType::Utf8,
                LogicalType::Date => DataType::Date32,
                LogicalType::Int32 => DataType::Int32,
                LogicalType::Int64 => DataType::Int64,
                LogicalType::Float64 => DataType::Float64,
                LogicalType::Bool => DataType::Boolean,
            };
            assert_eq!(field.data_type(), &want, "{}", c.name);
        }
    }
    let meta = std::fs::read_to_string(out.join("_schema.json")).unwrap();
    assert!(meta.contains(&format!("\"schema_version\": {SCHEMA_VERSION}")), "{meta}");
    let _ = std::fs::remove_dir_all(&dir);
}
