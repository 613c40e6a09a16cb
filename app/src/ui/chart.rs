//! Charts: charming's wasm renderer drawing with ECharts, which pages with charts
//! load from `/echarts.min.js` (served from public/, no CDN). Rendering happens in
//! the browser only; the server renders the empty container.

use leptos::prelude::*;

/// A line chart of `values` over category `labels`. Values are for plotting only
/// (amounts are converted from exact `Money` at the last step).
#[component]
pub fn LineChart(
    id: &'static str,
    labels: Vec<String>,
    values: Vec<f64>,
    #[prop(into)] series_name: String,
    /// What the chart shows, for screen readers (the chart itself is a picture).
    #[prop(into)] summary: String,
    #[prop(default = 280)] height: u32,
) -> impl IntoView {
    let points = values.len();
    // Drawn by the server too, so the chart is on screen before the wasm and ECharts arrive
    // (the largest contentful paint of the home page); ECharts replaces it when ready.
    let sketch = sketch_path(&values);
    #[cfg(feature = "hydrate")]
    {
        let data = StoredValue::new((labels, values, series_name));
        Effect::new(move |_| data.with_value(|(l, v, n)| render::line_when_ready(id, l.clone(), v.clone(), n.clone(), height, 0)));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (labels, series_name);
    view! {
        <div id=id class="chart" style=format!("height:{height}px") data-points=points role="img" aria-label=summary>
            <svg class="chart-sketch" viewBox="0 0 1000 300" preserveAspectRatio="none" aria-hidden="true">
                <path class="area" d=format!("{sketch} L1000,300 L0,300 Z")/>
                <path class="line" d=sketch/>
            </svg>
        </div>
    }
}

/// An SVG path through the values, scaled to a 1000 × 300 box (top margin for the peak).
fn sketch_path(values: &[f64]) -> String {
    let max = values.iter().copied().fold(0.0_f64, f64::max).max(1.0);
    let n = values.len().max(2) - 1;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (x, y) = (i as f64 * 1000.0 / n as f64, 300.0 - v / max * 270.0);
            format!("{}{x:.0},{y:.0}", if i == 0 { "M" } else { " L" })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sketch_scales_to_the_box() {
        assert_eq!(super::sketch_path(&[0.0, 50.0, 100.0]), "M0,300 L500,165 L1000,30");
        assert_eq!(super::sketch_path(&[]), "");
    }
}

#[cfg(feature = "hydrate")]
mod render {
    use charming::component::{Axis, Grid};
    use charming::element::{AreaStyle, AxisType, Tooltip, Trigger};
    use charming::series::Line;
    use charming::{Chart, WasmRenderer};
    use leptos::prelude::*;
    use std::time::Duration;

    /// ECharts arrives by its own script tag; wait for it (up to ~10 s) before drawing.
    pub fn line_when_ready(id: &'static str, labels: Vec<String>, values: Vec<f64>, name: String, height: u32, attempt: u32) {
        let ready = js_sys::Reflect::has(&window(), &"echarts".into()).unwrap_or(false);
        if !ready {
            if attempt < 100 {
                set_timeout(move || line_when_ready(id, labels, values, name, height, attempt + 1), Duration::from_millis(100));
            }
            return;
        }
        leptos::task::spawn_local(draw_line(id.to_string(), labels, values, name, height));
    }

    /// Draw with charming. Lazy: in a release build (`--split`) charming's code is its own
    /// wasm chunk, fetched after the page is on screen, so pages without charts never load it.
    #[leptos::lazy]
    fn draw_line(id: String, labels: Vec<String>, values: Vec<f64>, name: String, height: u32) {
        // The server's sketch makes way for the real chart.
        if let Some(el) = document().get_element_by_id(&id) {
            el.set_inner_html("");
        }
        let chart = Chart::new()
            .grid(Grid::new().left("3%").right("4%").bottom("3%").top("8%").contain_label(true))
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .x_axis(Axis::new().type_(AxisType::Category).boundary_gap(false).data(labels))
            .y_axis(Axis::new().type_(AxisType::Value))
            .series(Line::new().name(name).smooth(true).area_style(AreaStyle::new().opacity(0.15)).data(values));
        if let Err(e) = WasmRenderer::new_opt(None, Some(height)).render(&id, &chart) {
            leptos::logging::error!("chart {id}: {e:?}");
        }
    }
}
