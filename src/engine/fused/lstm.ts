import { LSTM_KERNELS } from '../kernels/lstm';
import { fusedRecurrent } from './recurrent';

/** LSTM's whole sequence as one forward and one backward kernel. */
export const fusedLstm = fusedRecurrent('LSTM', LSTM_KERNELS);
