package io.slm4j.openvino;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** IR v11 models written by the tests themselves: small enough to check every output by hand. */
final class TinyIr {
  private TinyIr() {}

  /** y[?,2] = x[?,3] @ W[3,2], W read from the weights blob at offset 0. */
  static final String MATMUL_XML = """
      <?xml version="1.0"?>
      <net name="matmul" version="11">
        <layers>
          <layer id="0" name="x" type="Parameter" version="opset1">
            <data shape="?,3" element_type="f32"/>
            <output><port id="0" precision="FP32" names="x"><dim>-1</dim><dim>3</dim></port></output>
          </layer>
          <layer id="1" name="w" type="Const" version="opset1">
            <data element_type="f32" shape="3,2" offset="0" size="24"/>
            <output><port id="0" precision="FP32"><dim>3</dim><dim>2</dim></port></output>
          </layer>
          <layer id="2" name="mm" type="MatMul" version="opset1">
            <data transpose_a="false" transpose_b="false"/>
            <input><port id="0"><dim>-1</dim><dim>3</dim></port><port id="1"><dim>3</dim><dim>2</dim></port></input>
            <output><port id="2" precision="FP32" names="y"><dim>-1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="3" name="y/sink" type="Result" version="opset1">
            <input><port id="0"><dim>-1</dim><dim>2</dim></port></input>
          </layer>
        </layers>
        <edges>
          <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
          <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
          <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
        </edges>
      </net>
      """;

  /** logits[?,?,2] = h[?,?,3] @ W[3,2]: an lm-head shaped like optimum's exports (3-D MatMul). */
  static final String LM_HEAD_XML = """
      <?xml version="1.0"?>
      <net name="lm_head" version="11">
        <layers>
          <layer id="0" name="h" type="Parameter" version="opset1">
            <data shape="?,?,3" element_type="f32"/>
            <output><port id="0" precision="FP32" names="h"><dim>-1</dim><dim>-1</dim><dim>3</dim></port></output>
          </layer>
          <layer id="1" name="w" type="Const" version="opset1">
            <data element_type="f32" shape="3,2" offset="0" size="24"/>
            <output><port id="0" precision="FP32"><dim>3</dim><dim>2</dim></port></output>
          </layer>
          <layer id="2" name="mm" type="MatMul" version="opset1">
            <data transpose_a="false" transpose_b="false"/>
            <input><port id="0"><dim>-1</dim><dim>-1</dim><dim>3</dim></port><port id="1"><dim>3</dim><dim>2</dim></port></input>
            <output><port id="2" precision="FP32" names="logits"><dim>-1</dim><dim>-1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="3" name="logits/sink" type="Result" version="opset1">
            <input><port id="0"><dim>-1</dim><dim>-1</dim><dim>2</dim></port></input>
          </layer>
        </layers>
        <edges>
          <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
          <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
          <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
        </edges>
      </net>
      """;

  /** W = [[1,2],[3,4],[5,6]] row-major. */
  static final float[] W = {1, 2, 3, 4, 5, 6};

  static byte[] matmulWeights() {
    ByteBuffer b = ByteBuffer.allocate(W.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : W) {
      b.putFloat(f);
    }
    return b.array();
  }

  /**
   * A stateful accumulator: the variable "acc" starts at zeros, each inference adds x to it and
   * returns the new sum, so results depend on the state (query, reset).
   */
  static final String ACCUMULATOR_XML = """
      <?xml version="1.0"?>
      <net name="accumulator" version="11">
        <layers>
          <layer id="0" name="x" type="Parameter" version="opset1">
            <data shape="1,2" element_type="f32"/>
            <output><port id="0" precision="FP32" names="x"><dim>1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="1" name="zeros" type="Const" version="opset1">
            <data element_type="f32" shape="1,2" offset="0" size="8"/>
            <output><port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="2" name="acc/read" type="ReadValue" version="opset6">
            <data variable_id="acc" variable_type="f32" variable_shape="1,2"/>
            <input><port id="0"><dim>1</dim><dim>2</dim></port></input>
            <output><port id="1" precision="FP32"><dim>1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="3" name="sum" type="Add" version="opset1">
            <data auto_broadcast="numpy"/>
            <input><port id="0"><dim>1</dim><dim>2</dim></port><port id="1"><dim>1</dim><dim>2</dim></port></input>
            <output><port id="2" precision="FP32" names="sum"><dim>1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="4" name="acc/write" type="Assign" version="opset6">
            <data variable_id="acc"/>
            <input><port id="0"><dim>1</dim><dim>2</dim></port></input>
          </layer>
          <layer id="5" name="sum/sink" type="Result" version="opset1">
            <input><port id="0"><dim>1</dim><dim>2</dim></port></input>
          </layer>
        </layers>
        <edges>
          <edge from-layer="1" from-port="0" to-layer="2" to-port="0"/>
          <edge from-layer="0" from-port="0" to-layer="3" to-port="0"/>
          <edge from-layer="2" from-port="1" to-layer="3" to-port="1"/>
          <edge from-layer="3" from-port="2" to-layer="4" to-port="0"/>
          <edge from-layer="3" from-port="2" to-layer="5" to-port="0"/>
        </edges>
      </net>
      """;
}
